"""The HTTP surface of Paystead: the API description and its documentation pages."""

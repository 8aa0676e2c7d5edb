"""/languages: CLDR locales of a language and a region, named by IETF tag (``de-CH``)."""

from __future__ import annotations

from paystead.db.models import Language
from paystead.domains.reference.common import list_all, read_by_code, reference_resource
from paystead.resources.context import RequestContext
from paystead.resources.fields import Column

languages = reference_resource(
    name="RestLanguage",
    model=Language,
    sdk_name="languages",
    operations=("search",),
    overrides={"ietfCode": Column(Language.id)},
)


def canonical_tag(tag: str) -> str:
    """IETF tags are case-insensitive: ``DE-ch`` and ``de_CH`` name ``de-CH``."""
    language, _, region = tag.replace("_", "-").partition("-")
    return f"{language.lower()}-{region.upper()}" if region else language.lower()


@languages.action("get_languages")
async def list_languages(ctx: RequestContext) -> dict:
    return await list_all(languages, ctx)


@languages.action("get_languages_code")
async def read_language(ctx: RequestContext) -> dict:
    return await read_by_code(languages, ctx, canonical_tag(ctx.param("code")))

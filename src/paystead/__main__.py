from paystead.cli import main

raise SystemExit(main())

from claimdesk.cli.main import main

raise SystemExit(main())

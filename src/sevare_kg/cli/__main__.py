from sevare_kg.cli.main import main

raise SystemExit(main())

from bot.policy.cli import main

raise SystemExit(main())

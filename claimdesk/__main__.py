from claimdesk.cli.main import main

# The guard matters: the analysis process is started with "spawn", which imports this
# module again under another name, and must not start a second window.
if __name__ == "__main__":
    raise SystemExit(main())

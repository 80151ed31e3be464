from newslens.cli import main

if __name__ == "__main__":  # worker processes (spawned by --jobs N) import this module too, without running it
    main()

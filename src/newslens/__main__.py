from newslens.cli import main

main()

"""Run the CLI as `python -m llmreads`."""

from llmreads.cli import main

main()

"""The bare baseline for cold_add.py: spacy.load(the model) and nlp.pipe over the texts of the files listed
(one path a line in LIST_FILE), with the model's full pipeline, results discarded.

    python benchmarks/bare_spacy.py MODEL LIST_FILE
"""

import sys
from pathlib import Path

import spacy


def main() -> None:
    model, listing = sys.argv[1], Path(sys.argv[2])
    nlp = spacy.load(model)
    texts = (Path(line).read_text(encoding="utf-8", errors="replace")
             for line in listing.read_text(encoding="utf-8").splitlines() if line)
    for _ in nlp.pipe(texts):
        pass


if __name__ == "__main__":
    main()

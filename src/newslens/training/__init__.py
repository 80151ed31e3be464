"""Retraining the models newslens ships under models/: the scripts in scripts/ and benchmarks/ call these. They
need the `train` extra (scikit-learn); running the models needs numpy only."""

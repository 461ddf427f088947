"""Benchmarks: each prints its figures side by side in one run, as ratios (these machines are noisy)."""

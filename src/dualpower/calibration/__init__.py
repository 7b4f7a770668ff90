"""Calibration: historical targets, distances, and fitting the free parameters to them."""

"""Fetching questions and answers from parliaments' open-data services."""

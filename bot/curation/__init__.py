"""Tools for the people who keep the library current: checking sources, and the curators' digest."""

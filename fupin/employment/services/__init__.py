"""Writes of the employment app, one module per entity: each use case atomic, scope-checked and audited.

laborers (profiles, surveys), enterprises (and their vacancies), matching_runs (the matching and its
proposals), referrals, posts (public-welfare posts), subsidies.
"""

"""Pages of the employment app, one module per entity: thin views over queries (reads) and services (writes).

laborers (profiles, surveys), enterprises (and vacancies, workshops), matching, referrals, posts
(public-welfare posts), subsidies. The board (employment:home) shows training's figure too, so it is composed
in the dashboard (fupin/dashboard/employment_board.py).
"""

"""Storage: tables, engines, migrations, search. Only services import from here."""

"""Storage: tables, engines, migrations, search, shared queries.

Services import from here and write their own operations' SQL against
`store.tables` (see its docstring for who owns SQL). The CLI and the TUI do not
import the store; pyproject.toml's import-linter contracts list the few, narrow
exceptions.
"""

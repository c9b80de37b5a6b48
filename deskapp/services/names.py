"""Names already credited in the store: what the credits editor completes from."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import col

from deskapp.services.context import ServiceContext
from deskapp.store.tables import CreditRow


class NameService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def known_names(self, prefix: str = "", *, limit: int = 20) -> list[str]:
        """Credited names starting with `prefix` (any case), most credited first."""
        prefix = prefix.strip()
        used = func.count().label("used")
        stmt = select(col(CreditRow.name), used).group_by(col(CreditRow.name))
        if prefix:
            escaped = prefix.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            stmt = stmt.where(func.lower(col(CreditRow.name)).like(escaped + "%", escape="\\"))
        stmt = stmt.order_by(used.desc(), col(CreditRow.name)).limit(limit)
        with self.ctx.db.read() as session:
            return [name for name, _ in session.execute(stmt)]

"""Sending a channel's digest exactly once, across processes and restarts: a claim taken in
one write transaction before the first page, each page counted, done with the last one."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace

from facts.digest.state import DigestStore, _last_key, _last_value

# A claim not finished within this long is taken to be abandoned (its process died): another
# may take it over and send the pages still missing.
CLAIM_LEASE = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class SendClaim:
    """Who sends a channel's digest for a day: claimed before the first page goes out, each
    page counted as it is sent, done when the last one is."""

    owner: str
    claimed: dt.datetime
    at: dt.datetime  # the digest's moment: a retry rebuilds the same digest
    pages: int = 0
    done: bool = False

    def dump(self) -> str:
        return json.dumps(
            {
                "owner": self.owner,
                "claimed": self.claimed.astimezone(dt.UTC).isoformat(),
                "at": self.at.astimezone(dt.UTC).isoformat(),
                "pages": self.pages,
                "done": self.done,
            }
        )

    @classmethod
    def load(cls, raw: str) -> SendClaim:
        data = json.loads(raw)
        return cls(
            owner=str(data["owner"]),
            claimed=dt.datetime.fromisoformat(data["claimed"]),
            at=dt.datetime.fromisoformat(data["at"]),
            pages=int(data["pages"]),
            done=bool(data["done"]),
        )


def _claim_key(channel_id: int, day: dt.date) -> str:
    return f"digest:send:{channel_id}:{day.isoformat()}"


def claim_digest(
    store: DigestStore,
    channel_id: int,
    day: dt.date,
    *,
    owner: str,
    now: dt.datetime,
    lease: dt.timedelta = CLAIM_LEASE,
) -> SendClaim | None:
    """Claim the channel's digest for `day` before sending any of it, in one write
    transaction that only one process can win. Returns the claim to go on with (its `pages`
    already sent), or None: the digest was sent, or another process is sending it."""
    key = _claim_key(channel_id, day)

    def change(values: dict[str, str | None]) -> dict[str, str]:
        raw = values[key]
        if raw is None:
            return {key: SendClaim(owner, now, now).dump()}
        held = SendClaim.load(raw)
        if held.done or held.owner == owner or now - held.claimed < lease:
            return {}
        return {key: SendClaim(owner, now, held.at, held.pages).dump()}  # abandoned: ours

    claim = SendClaim.load(store.update_meta([key], change)[key] or "")
    return claim if claim.owner == owner and not claim.done else None


def record_page(store: DigestStore, channel_id: int, day: dt.date, claim: SendClaim) -> SendClaim:
    """One more page of the claimed digest was sent (so a retry sends only the rest)."""
    return _update_claim(store, channel_id, day, claim, pages=claim.pages + 1)


def finish_digest(store: DigestStore, channel_id: int, day: dt.date, claim: SendClaim) -> None:
    """Every page is sent: the claim is done, and the channel's last digest is this one."""
    _update_claim(store, channel_id, day, claim, done=True, sent=True)


def _update_claim(
    store: DigestStore,
    channel_id: int,
    day: dt.date,
    claim: SendClaim,
    *,
    pages: int | None = None,
    done: bool = False,
    sent: bool = False,
) -> SendClaim:
    key = _claim_key(channel_id, day)
    new = replace(claim, pages=claim.pages if pages is None else pages, done=done)

    def change(values: dict[str, str | None]) -> dict[str, str]:
        raw = values[key]
        if raw is None or SendClaim.load(raw).owner != claim.owner:
            raise LostClaim(f"digest for channel {channel_id} on {day}: taken over")
        out = {key: new.dump()}
        if sent:
            out[_last_key(channel_id)] = _last_value(day, claim.at)
        return out

    store.update_meta([key], change)
    return new


class LostClaim(RuntimeError):
    """Another process took over a claim this one held too long (past CLAIM_LEASE)."""

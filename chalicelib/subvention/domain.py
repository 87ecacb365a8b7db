"""Crop-loan interest subvention, exact to the paisa (DOMAIN.md §6). Pure Python: no AWS.

Conventions (ours, so every result can be checked by hand):
  - Interest is simple, on the DAILY PRODUCT of the outstanding principal, actual/365: a rupee
    outstanding for one day is one rupee-day; interest = rupee-days × rate% / (100 × 365).
    The drawal day counts, the repayment day does not (days = repayment date − drawal date).
  - Each drawal is a TRANCHE; repayments retire tranches first-in-first-out. A tranche's
    subvention period ends at the earlier of its repayment and its due date, where its due date
    is the earlier of the loan's due date and its 365th day after drawal (the 365-day cap).
    With one drawal and one repayment this is the plain "drawal to repayment" count; with several
    drawals and part repayments it is exactly the daily product of the outstanding balance.
  - The CEILING is a yearly quota of principal per farmer (across all their loans of the
    agricultural year, Kharif + Rabi): drawals consume it in date order; the part of a drawal above
    what is left is EXCESS principal, which bears the lending (base) rate with no subvention and no
    incentive. Within a tranche that straddles the ceiling the eligible part is retired first.
  - PROMPT = every tranche fully repaid on or before its due date (so on or before the loan's due
    date and within 365 days of its drawal). Only a prompt payer gets the prompt incentives
    (GoI PRI, state prompt incentive). GoI subvention and the state "normal" subsidy run on the
    eligible principal to the due date whether prompt or not.
  - A LATE payer (or a balance still outstanding) pays, on what is outstanding after a tranche's
    due date, the OVERDUE rate from that date to repayment (or to `as_of` while unpaid).
  - ROUNDING: every component is its rupee-days × its own rate, rounded half-up to the paisa once:
      base_interest                 = (eligible + excess) rupee-days × lending rate
      goi_interest_subvention       = eligible × GoI subvention        (to lender)
      state_normal_subsidy          = eligible × state normal subsidy  (state scheme only)
      goi_prompt_repayment_incentive= eligible × GoI PRI               (prompt only)
      state_prompt_incentive        = eligible × state prompt          (prompt only, state scheme)
      overdue_interest              = overdue rupee-days × overdue rate
      farmer_interest               = round(eligible × net rate + excess × lending rate) + overdue_interest
    where the net rate = lending − every subsidy and incentive the loan earns (0% for a prompt payer
    under the state scheme, 7% for a late one). Because each line is rounded on its own, base minus
    the subsidies can differ from farmer_interest by a paisa or two; the farmer is never charged a
    rounding artefact (a prompt payer under the state scheme pays exactly 0.00).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext

from chalicelib.core.errors import invalid_field

DRAWAL, REPAYMENT = "drawal", "repayment"
SCHEMES = ("mp-zero-interest", "miss")
PURPOSES = ("crop", "animal_husbandry", "fisheries")
PAISA = Decimal("0.01")
ZERO = Decimal(0)
COMPONENTS = ("base_interest", "goi_interest_subvention", "state_normal_subsidy",
              "goi_prompt_repayment_incentive", "state_prompt_incentive", "overdue_interest", "farmer_interest")


@dataclass(frozen=True)
class Txn:
    on: date
    kind: str
    amount: Decimal


@dataclass(frozen=True)
class Rates:
    """Per cent a year, as the season's master data gives them for one scheme."""

    lending: Decimal
    goi_subvention: Decimal
    state_normal: Decimal
    goi_pri: Decimal
    state_prompt: Decimal
    overdue: Decimal

    @classmethod
    def from_data(cls, scheme: dict, overdue: Decimal | str) -> Rates:
        return cls(*(Decimal(str(scheme[k])) for k in ("lending", "goi_subvention", "state_normal", "goi_pri",
                                                       "state_prompt")), Decimal(str(overdue)))

    def net(self, prompt: bool) -> Decimal:
        rate = self.lending - self.goi_subvention - self.state_normal
        return rate - self.goi_pri - self.state_prompt if prompt else rate


@dataclass(frozen=True)
class Terms:
    due: date
    rates: Rates
    ceiling_left: Decimal          # principal of the farmer's yearly quota still eligible
    max_days: int = 365
    days_in_year: int = 365


@dataclass(frozen=True)
class Piece:
    """A part of one drawal, retired by one repayment (or still outstanding)."""

    drawn: date
    amount: Decimal
    eligible: bool
    due: date                      # the tranche's own due date (loan due date or 365th day)
    repaid: date | None


@dataclass
class Result:
    prompt: bool
    eligible_product: Decimal
    excess_product: Decimal
    overdue_product: Decimal
    eligible_drawn: Decimal        # what the loan took from the farmer's ceiling
    close: date                    # last day the subvention period ran to (the claim date)
    amounts: dict[str, Decimal] = field(default_factory=dict)

    @property
    def product(self) -> int:
        return int((self.eligible_product + self.excess_product).quantize(Decimal(1), ROUND_HALF_UP))

    @property
    def benefit(self) -> Decimal:
        """What the subsidies and incentives saved the farmer against the lending rate."""
        a = self.amounts
        return a["base_interest"] + a["overdue_interest"] - a["farmer_interest"]

    def as_strings(self) -> dict:
        return {"prompt": self.prompt, "interest_days_product": self.product,
                **{name: f"{self.amounts[name]:.2f}" for name in COMPONENTS}}


def check(txns: list[Txn], due: date, as_of: date | None = None, prefix: str = "transactions") -> None:
    """The bad inputs the calculator refuses, each naming the transaction and the problem."""
    drawn = repaid = ZERO
    previous: date | None = None
    for i, t in enumerate(txns):
        where = f"{prefix}[{i}]"
        if t.amount <= 0:
            raise invalid_field(f"{where}.amount", "must be more than 0", "SUBVENTION_AMOUNT_INVALID", row=i)
        if t.amount != t.amount.quantize(PAISA):
            raise invalid_field(f"{where}.amount", "at most two decimals (paise)", "SUBVENTION_AMOUNT_INVALID", row=i)
        if previous is not None and t.on < previous:
            raise invalid_field(f"{where}.date", f"{t.on} is before the transaction above it ({previous}); "
                                "list transactions in date order", "SUBVENTION_DATES_OUT_OF_ORDER", row=i)
        previous = t.on
        if t.kind == DRAWAL:
            if t.on > due:
                raise invalid_field(f"{where}.date", f"a drawal on {t.on} is after the due date {due}",
                                    "SUBVENTION_DRAWAL_AFTER_DUE", row=i)
            drawn += t.amount
        else:
            if drawn == 0:
                raise invalid_field(f"{where}.type", "a repayment before any drawal",
                                    "SUBVENTION_REPAYMENT_BEFORE_DRAWAL", row=i)
            repaid += t.amount
            if repaid > drawn:
                raise invalid_field(f"{where}.amount", f"repaid {repaid:.2f} in all but only {drawn:.2f} was drawn",
                                    "SUBVENTION_OVERPAID", row=i)
    if as_of is not None and previous is not None and as_of < previous:
        raise invalid_field("as_of", f"as_of {as_of} is before the last transaction ({previous})")


def pieces(txns: list[Txn], terms: Terms) -> tuple[list[Piece], Decimal]:
    """Tranches (split at the ceiling) retired first-in-first-out; and the ceiling used."""
    open_: deque[list] = deque()
    done: list[Piece] = []
    left = max(terms.ceiling_left, ZERO)
    used = ZERO
    for t in txns:
        if t.kind == DRAWAL:
            due = min(terms.due, t.on + timedelta(days=terms.max_days))
            eligible = min(t.amount, left)
            left -= eligible
            used += eligible
            if eligible:
                open_.append([t.on, eligible, True, due])
            if t.amount - eligible:
                open_.append([t.on, t.amount - eligible, False, due])
            continue
        rest = t.amount
        while rest > 0:
            head = open_[0]
            take = min(rest, head[1])
            done.append(Piece(head[0], take, head[2], head[3], t.on))
            head[1] -= take
            rest -= take
            if head[1] == 0:
                open_.popleft()
    done += [Piece(d, amount, eligible, due, None) for d, amount, eligible, due in open_]
    return done, used


def _days(start: date, end: date) -> int:
    return max(0, (end - start).days)


def _interest(rupee_days: Decimal, rate: Decimal, days_in_year: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 60
        return (rupee_days * rate / (100 * days_in_year)).quantize(PAISA, ROUND_HALF_UP)


def calculate(scheme: str, txns: list[Txn], terms: Terms, as_of: date) -> Result:
    """Every component for one loan (call `check` first). `as_of` closes what is still unpaid."""
    parts, used = pieces(txns, terms)
    eligible = excess = overdue = ZERO
    prompt = True
    close = txns[0].on
    for p in parts:
        stop = p.repaid or as_of
        in_period = min(stop, p.due)
        product = p.amount * _days(p.drawn, in_period)
        if p.eligible:
            eligible += product
        else:
            excess += product
        overdue += p.amount * _days(p.due, stop)
        close = max(close, in_period)
        if p.repaid is None or p.repaid > p.due:
            prompt = False
    r, year = terms.rates, terms.days_in_year
    state = scheme == "mp-zero-interest"
    amounts = {
        "base_interest": _interest(eligible + excess, r.lending, year),
        "goi_interest_subvention": _interest(eligible, r.goi_subvention, year),
        "state_normal_subsidy": _interest(eligible, r.state_normal, year) if state else ZERO,
        "goi_prompt_repayment_incentive": _interest(eligible, r.goi_pri, year) if prompt else ZERO,
        "state_prompt_incentive": _interest(eligible, r.state_prompt, year) if prompt and state else ZERO,
        "overdue_interest": _interest(overdue, r.overdue, year),
    }
    net = r.net(prompt) if state else r.lending - r.goi_subvention - (r.goi_pri if prompt else ZERO)
    with localcontext() as ctx:
        ctx.prec = 60
        own = ((eligible * net + excess * r.lending) / (100 * year)).quantize(PAISA, ROUND_HALF_UP)
    amounts["farmer_interest"] = own + amounts["overdue_interest"]
    return Result(prompt, eligible, excess, overdue, used, close, amounts)


# --- seasons and half-years --------------------------------------------------------------

def season_of(day: date) -> str:
    """Kharif drawals Apr–Sep, Rabi Oct–Mar: 'kharif-2024' or 'rabi-2024' (Oct 2024–Mar 2025)."""
    if 4 <= day.month <= 9:
        return f"kharif-{day.year}"
    return f"rabi-{day.year if day.month >= 10 else day.year - 1}"


def agri_year(season: str) -> str:
    """The year the ceiling applies to: Kharif 2024 and Rabi 2024-25 are both '2024-25'."""
    start = int(season.split("-")[1])
    return f"{start}-{(start + 1) % 100:02d}"


def half_year(day: date) -> str:
    """Claims half-years end 30 Sep (H1: Apr–Sep) and 31 Mar (H2: Oct–Mar): '2024-H2' ends 31-03-2025."""
    if 4 <= day.month <= 9:
        return f"{day.year}-H1"
    return f"{day.year if day.month >= 10 else day.year - 1}-H2"


def ceiling_left(ceilings: dict, purpose: str, used: dict[str, Decimal]) -> Decimal:
    """The farmer's quota left for a loan of `purpose`, given what earlier loans of the year used
    (`used` maps purpose -> principal): the overall ceiling, and a purpose's own lower one."""
    overall = Decimal(str(ceilings["overall"])) - sum(used.values(), ZERO)
    own = ceilings.get(purpose)
    if own is None:
        return max(overall, ZERO)
    return max(min(overall, Decimal(str(own)) - used.get(purpose, ZERO)), ZERO)


def paise(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def rupees(paise_: int) -> str:
    return f"{Decimal(paise_) / 100:.2f}"

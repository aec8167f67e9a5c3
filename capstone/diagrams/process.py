"""The process map with its lead time: each step value-added or not, the time doing it and the
wait before it, and the value-stream ratio (value-added time ÷ lead time), before and after
the event.

Times come from the time observations where there are some: the median of every observed time
of that kind for the step (matched by the step's name), observations dated after the event's
last day belonging to the after-the-event map. A step without observations keeps the minutes
typed on the step; a wait without observations counts as none and is said so."""

import statistics
from dataclasses import dataclass
from decimal import Decimal

from capstone.chartwords import number_text as number
from capstone.models import MapState, TimeObservation

KIND = TimeObservation.Kind


def _key(name) -> str:
    return " ".join(str(name).split()).casefold()


def observation_state(observation, event_last_day) -> str:
    after = (
        event_last_day is not None
        and observation.observed_on is not None
        and observation.observed_on > event_last_day
    )
    return MapState.AFTER if after else MapState.CURRENT


@dataclass
class MapStep:
    number: int
    step: object  # ProcessStep
    work: Decimal | None
    work_observed: bool
    wait: Decimal | None

    @property
    def value_added(self) -> bool:
        return self.step.value_added

    @property
    def total(self) -> Decimal:
        return (self.work or 0) + (self.wait or 0)


@dataclass
class ProcessMap:
    state: str
    steps: list

    @property
    def label(self) -> str:
        return MapState(self.state).label

    @property
    def lead_time(self) -> Decimal:
        return sum((s.total for s in self.steps), Decimal(0))

    @property
    def value_added_time(self) -> Decimal:
        return sum((s.work or 0 for s in self.steps if s.value_added), Decimal(0))

    @property
    def wait_time(self) -> Decimal:
        return sum((s.wait or 0 for s in self.steps), Decimal(0))

    @property
    def ratio(self) -> Decimal | None:
        """Value-added time ÷ lead time, 0–1; None when no time is recorded."""
        lead = self.lead_time
        return self.value_added_time / lead if lead else None

    @property
    def untimed(self) -> list:
        return [s for s in self.steps if s.work is None]

    def ratio_sentence(self) -> str:
        if not self.steps:
            return "No steps recorded for this map yet."
        if self.ratio is None:
            return "No times recorded yet: give the steps' minutes or add time observations."
        lead, value = self.lead_time, self.value_added_time
        text = (
            f"Lead time {number(lead)} minutes, of which {number(value)} add value "
            f"(value-stream ratio {percent(self.ratio)})"
        )
        if value:
            text += f": about 1 minute in {round(lead / value)} is value-added"
        else:
            text += ": no minute of it is value-added"
        text += f"; {number(self.wait_time)} minutes are waiting."
        if self.untimed:
            count = len(self.untimed)
            text += f" {count} step{'s have' if count != 1 else ' has'} no time yet."
        return text


def percent(ratio) -> str:
    if ratio is None:
        return "—"
    value = ratio * 100
    if 0 < value < 1:
        return "under 1%"
    return f"{round(value)}%"


def _median(values):
    return statistics.median(values) if values else None


def process_map(state, steps, observations, event_last_day) -> ProcessMap:
    """The map of one state from the project's steps and time observations."""
    times = {}
    for observation in observations:
        if observation_state(observation, event_last_day) != state:
            continue
        times.setdefault((_key(observation.step), observation.kind), []).extend(observation.times)
    mapped = []
    for index, step in enumerate((s for s in steps if s.state == state), start=1):
        observed = _median(times.get((_key(step.description), KIND.CYCLE), []))
        wait = _median(times.get((_key(step.description), KIND.WAIT), []))
        work = observed if observed is not None else step.minutes
        mapped.append(MapStep(index, step, work, observed is not None, wait))
    return ProcessMap(state, mapped)


def both_maps(steps, observations, event_last_day) -> tuple[ProcessMap, ProcessMap]:
    steps, observations = list(steps), list(observations)
    return tuple(
        process_map(state, steps, observations, event_last_day)
        for state in (MapState.CURRENT, MapState.AFTER)
    )


def compare_sentence(before: ProcessMap, after: ProcessMap) -> str:
    """Before and after in words, once both maps have times."""
    if before.ratio is None or after.ratio is None:
        return ""
    old, new = before.lead_time, after.lead_time
    if new < old:
        shorter = percent((old - new) / old)
        change = f"fell from {number(old)} to {number(new)} minutes ({shorter} shorter)"
    elif new > old:
        change = f"rose from {number(old)} to {number(new)} minutes"
    else:
        change = f"stayed at {number(old)} minutes"
    return (
        f"After the event the lead time {change}, and the value-added share went from "
        f"{percent(before.ratio)} to {percent(after.ratio)}."
    )

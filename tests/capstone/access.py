"""Every capstone URL for every persona. The project belongs to world.resident, is coached by
world.coach and sponsored by world.sponsor; other_director's program never sees it."""

from django.core.files.base import ContentFile

from capstone.models import Determination, Driver, Stage, StageRequest
from tests import factories as f
from tests.access import Case, expect
from tests.capstone.library.access import LIBRARY_CASES

# Everyone in the program with a part in the project sees it; another program gets a 404.
VIEW = expect(200, other_director=404)
# Only the leads (and site administrators) change the record.
EDIT = expect(403, resident=200, superuser=200, other_director=404)
# Stage moves: the leads, the coach and program directors.
STEER = expect(403, resident=302, coach=302, director=302, superuser=302, other_director=404)
STEER_FORM = expect(403, resident=200, coach=200, director=200, superuser=200, other_director=404)


def project(world, stage=Stage.SELECTION, **kwargs):
    return f.project_at(
        stage,
        lead=world.resident.resident_profile,
        coach=world.coach,
        sponsor=world.sponsor,
        **kwargs,
    )


def pk(stage=Stage.SELECTION):
    return lambda world: [project(world, stage).pk]


def part(kind, factory):
    def args(world):
        item = factory(project=project(world))
        return [item.project_id, kind, item.pk]

    return args


def data_point(world):
    point = f.DataPointFactory(measure=f.MeasureFactory(project=project(world)))
    return [point.measure.project_id, "data-point", point.pk]


def measure(world):
    item = f.MeasureFactory(project=project(world))
    f.measure_series(item, [12, 14, 13, 15, 11, 14], phase_after=3)
    return [item.project_id, item.pk]


def annotation(world):
    item = f.MeasureAnnotationFactory(measure=f.MeasureFactory(project=project(world)))
    return [item.measure.project_id, item.measure_id, item.pk]


def attachment(world):
    item = f.AttachmentFactory(project=project(world))
    return [item.project_id, item.pk]


def with_report(world):
    item = f.ReportOutFactory(project=project(world, Stage.EVENT))
    return [item.project_id]


def open_request(world):
    """A request into the two-day event, which the KPO coach approves."""
    item = project(world, Stage.EVENT_PREP)
    request = StageRequest.objects.create(
        project=item,
        from_stage=Stage.EVENT_PREP,
        to_stage=Stage.EVENT,
        needs_coach=True,
        requested_by=world.resident,
    )
    return [item.pk, request.pk]


def with_letter(world):
    item = project(world, Stage.RESULTS)
    Determination.objects.create(
        project=item,
        kind=Determination.Kind.QI,
        letter=ContentFile(f.TINY_PDF, name="letter.pdf"),
        letter_name="letter.pdf",
    )
    return [item.pk]


def on_hold(world):
    item = project(world, Stage.CURRENT_STATE)
    item.held_from_stage, item.stage = item.stage, Stage.ON_HOLD
    item.stage_reason = "Unit remodel"
    item.save()
    return [item.pk]


def driver(world):
    """A primary driver with a secondary one under it, so a move has somewhere to go."""
    item = project(world)
    primary = Driver.objects.create(project=item, text="Medicines ready early", position=1)
    Driver.objects.create(project=item, parent=primary, text="Pharmacy knows by 3 pm", position=1)
    Driver.objects.create(project=item, text="Transport booked on time", position=2)
    return [item.pk, primary.pk]


CASES = {
    "capstone:project_list": Case(expect(200)),
    "capstone:project_add": Case(
        expect(
            403,
            resident=200,
            director=200,
            coordinator=200,
            other_director=200,
            superuser=200,
        )
    ),
    "capstone:project_detail": Case(VIEW, args=pk()),
    "capstone:project_current_state": Case(VIEW, args=pk()),
    "capstone:project_event": Case(VIEW, args=pk()),
    "capstone:project_implementation": Case(VIEW, args=pk()),
    "capstone:project_results": Case(VIEW, args=pk()),
    "capstone:project_dissemination": Case(VIEW, args=pk()),
    "capstone:project_history": Case(VIEW, args=pk()),
    "capstone:charter_edit": Case(EDIT, args=pk()),
    "capstone:current_state_edit": Case(EDIT, args=pk()),
    "capstone:event_edit": Case(EDIT, args=pk()),
    "capstone:results_edit": Case(EDIT, args=pk()),
    "capstone:reportout_edit": Case(EDIT, args=pk(Stage.EVENT)),
    "capstone:reportout_post": Case(
        expect(403, resident=302, superuser=302, other_director=404),
        args=with_report,
        method="post",
    ),
    "capstone:comment_add": Case(
        expect(302, other_director=404),
        args=pk(),
        method="post",
        data=lambda world: {"body": "Have you walked the process at 7 am?"},
    ),
    "capstone:part_add": Case(EDIT, args=lambda world: [project(world).pk, "waste"]),
    "capstone:part_edit": Case(EDIT, args=part("step", f.ProcessStepFactory)),
    "capstone:part_delete": Case(EDIT, args=data_point),
    "capstone:attachment_download": Case(VIEW, args=attachment),
    "capstone:measure_chart": Case(VIEW, args=measure),
    "capstone:measure_svg": Case(VIEW, args=measure),
    "capstone:measure_csv": Case(VIEW, args=measure),
    "capstone:measure_json": Case(VIEW, args=measure),
    "capstone:measure_paste": Case(EDIT, args=measure),
    "capstone:measure_upload": Case(EDIT, args=measure),
    "capstone:annotation_add": Case(EDIT, args=measure),
    "capstone:annotation_delete": Case(
        expect(403, resident=302, superuser=302, other_director=404),
        args=annotation,
        method="post",
    ),
    "capstone:chart_settings": Case(
        expect(
            403,
            director=200,
            coordinator=200,
            other_director=200,
            other_coordinator=200,
            superuser=404,
        )
    ),
    "capstone:stage_request": Case(STEER, args=pk(), method="post"),
    # Only the approvers the request names and has still to hear from: here, the coach.
    "capstone:stage_request_approve": Case(
        expect(403, coach=302, other_director=404), args=open_request, method="post"
    ),
    "capstone:stage_request_return": Case(
        expect(403, coach=200, other_director=404), args=open_request
    ),
    "capstone:stage_override": Case(
        expect(403, director=200, superuser=200, other_director=404), args=pk()
    ),
    "capstone:approval_queue": Case(expect(200)),
    "capstone:approval_rules": Case(expect(403, director=200, other_director=200, superuser=404)),
    "capstone:determination_edit": Case(EDIT, args=pk(Stage.RESULTS)),
    "capstone:determination_letter": Case(VIEW, args=with_letter),
    "capstone:stage_back": Case(
        expect(403, coach=200, director=200, superuser=200, other_director=404),
        args=pk(Stage.CURRENT_STATE),
    ),
    "capstone:stage_hold": Case(STEER_FORM, args=pk()),
    "capstone:stage_resume": Case(STEER, args=on_hold, method="post"),
    "capstone:stage_withdraw": Case(STEER_FORM, args=pk()),
    "capstone:progress_edit": Case(
        expect(403, coach=200, superuser=200, other_director=404), args=pk()
    ),
    "capstone:driver_diagram": Case(VIEW, args=lambda world: driver(world)[:1]),
    "capstone:driver_add": Case(EDIT, args=pk()),
    "capstone:driver_edit": Case(EDIT, args=driver),
    "capstone:driver_delete": Case(EDIT, args=driver),
    "capstone:driver_move": Case(
        expect(403, resident=302, superuser=302, other_director=404),
        args=driver,
        method="post",
        data=lambda world: {"direction": "down"},
    ),
    "capstone:fishbone": Case(VIEW, args=pk()),
    "capstone:process_map": Case(VIEW, args=pk()),
    "capstone:a3": Case(VIEW, args=pk(Stage.RESULTS)),
    "capstone:a3_pdf": Case(VIEW, args=pk(Stage.RESULTS)),
    "capstone:abstract_draft": Case(VIEW, args=pk(Stage.RESULTS)),
    "capstone:abstract_download": Case(VIEW, args=pk(Stage.RESULTS)),
    "capstone:abstract_docx": Case(VIEW, args=pk(Stage.RESULTS)),
    "capstone:deck_pptx": Case(VIEW, args=pk(Stage.RESULTS)),
    "capstone:poster_pdf": Case(VIEW, args=pk(Stage.RESULTS)),
}

CASES.update(LIBRARY_CASES)  # the project library's URLs: tests/capstone/library/access.py

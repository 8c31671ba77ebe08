"""Who acts at each step: the village (change_signal in the village), the town (review_case at a town or
above), the county (review_case at a county or above). Pages ask this to show the buttons; the services
check the same through `services.common`."""

from fupin.monitoring.choices import CaseStep, ExitStep

CHANGE, REVIEW = "monitoring.change_signal", "monitoring.review_case"
STEP_LEVEL = {CaseStep.VILLAGE: (CHANGE, 12), CaseStep.TOWN: (REVIEW, 9), CaseStep.COUNTY: (REVIEW, 6)}
EXIT_LEVEL = {
    ExitStep.PROPOSED: (CHANGE, 12),
    ExitStep.APPRAISED: (CHANGE, 12),
    ExitStep.NOTICE: (REVIEW, 9),
    ExitStep.VERIFIED: (REVIEW, 6),
    ExitStep.APPROVED: (REVIEW, 6),
}


def holds(user, permission, region_code, digits):
    return any(len(p) <= digits and region_code.startswith(p) for p in user.prefixes_for(permission))


def acts_on_case(user, case) -> bool:
    level = STEP_LEVEL.get(case.step)
    return level is not None and holds(user, level[0], case.region_code, level[1])


def acts_on_exit(user, exit_case) -> bool:
    level = EXIT_LEVEL.get(exit_case.step)
    return level is not None and holds(user, level[0], exit_case.region_code, level[1])


def owns_step(user, case) -> bool:
    """The step belongs to the user's own level (a village cadre's village, a town's town, a county's
    county): the inbox's 'mine'; a step of a level below is the user's to supervise."""
    level = STEP_LEVEL.get(case.step)
    if level is None:
        return False
    permission, digits = level
    return any(len(p) == digits and case.region_code.startswith(p) for p in user.prefixes_for(permission))

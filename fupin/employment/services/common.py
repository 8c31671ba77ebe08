"""What every employment service shares: the permission codes."""

CHANGE, RUN, APPROVE = "employment.change_laborer", "employment.run_matching", "employment.approve_subsidy"

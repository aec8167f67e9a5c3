"""The one base class of the errors services raise when a rule refuses an action. Its message is
written for the person who tried; views show it (messages or the form's errors) and save
nothing. Each app's own error (PersonError, MilestoneError, ProjectError, MentoringError, ...)
subclasses it, so a caller may catch either."""


class ServiceError(Exception):
    """A service refused the action; str(error) says why, for the person."""

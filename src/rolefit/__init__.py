"""rolefit: product management or program management? A questionnaire that shows why."""

__version__ = "0.1.0"

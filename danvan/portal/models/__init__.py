from .counters import ArticleDayViews
from .feedback import BlockedSender, Feedback
from .pages import ArticlePage, ArticleTag, PortalHomePage, SectionPage

__all__ = ["ArticleDayViews", "ArticlePage", "ArticleTag", "BlockedSender", "Feedback", "PortalHomePage",
           "SectionPage"]

"""Feedback: stored answers with provenance, ratings on them (scored in Langfuse), monitoring and alerts."""

from feedback.alerts import Alerts
from feedback.monitoring import STAGES, WINDOWS, compare_arms, operations_summary
from feedback.service import MISSING_DOCUMENT, RATINGS, REASONS, WRONG_REASONS, rate, record_answer, visible_answer
from feedback.store import (AnswerRecord, Conversation, Rating, answers_since, collections, conversation_answers,
                            conversation_queries, conversations_of, delete_conversation, disliked_since, get_answer,
                            rated_answers, rating_by, rating_counts, ratings_by, ratings_for, review_queue,
                            served_disliked)

__all__ = ["MISSING_DOCUMENT", "RATINGS", "REASONS", "STAGES", "WINDOWS", "WRONG_REASONS", "Alerts", "AnswerRecord",
           "Conversation", "Rating", "answers_since", "collections", "compare_arms", "conversation_answers",
           "conversation_queries", "conversations_of", "delete_conversation", "disliked_since", "get_answer",
           "operations_summary", "rate", "rated_answers", "rating_by", "rating_counts", "ratings_by", "ratings_for",
           "record_answer", "review_queue", "served_disliked", "visible_answer"]

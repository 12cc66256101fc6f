"""The ai-processor service."""

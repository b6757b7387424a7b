"""The answer path: question → cited answer. See pipeline.py for the stages."""

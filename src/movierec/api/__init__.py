"""HTTP shell: FastAPI app factory, routes, response schemas and error handlers."""

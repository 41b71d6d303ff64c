"""Liveness (`/health`) and readiness (`/health/ready`) for load balancers and orchestrators."""

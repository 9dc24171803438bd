"""rewrites"""

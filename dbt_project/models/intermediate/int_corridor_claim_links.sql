-- Which corridor claims dispute or corroborate which: the corridor_claim_links macro (its rules are
-- described there) over every claim. The incremental corridor marts call the macro for the claims
-- that changed.
{{ corridor_claim_links(ref('int_corridor_claims_prepared')) }}

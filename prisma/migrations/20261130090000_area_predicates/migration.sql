-- Exact orientation for point-in-polygon tests on float8 trip coordinates (POST /api/weekly-average).
-- store.orient_sign(a, b, c): 1 when c lies left of the directed line a -> b, -1 right, 0 on it,
-- NULL when float8 cannot tell (the caller then decides exactly in TypeScript).
--
-- Why the sign is exact when not NULL: this is the filter of Shewchuk's orient2d ("Adaptive
-- Precision Floating-Point Arithmetic and Fast Robust Geometric Predicates", 1997): with
-- detleft = (ax-cx)(by-cy) and detright = (ay-cy)(bx-cx) each rounded, the rounded difference
-- has the true sign when detleft and detright differ in sign or one is exactly 0 (the sign of
-- a rounded difference and of a rounded product is the true sign), or when
-- |det| >= (3 + 16 eps) eps (|detleft| + |detright|), eps = 2^-53 (3.3306690738754716e-16).
-- That bound assumes no underflow, so a nonzero difference below 1e-150 (whose products could
-- underflow: PostgreSQL raises an error then) answers NULL before any product is formed.
-- Written as one CASE in a LANGUAGE sql IMMUTABLE function so the planner inlines it.
CREATE FUNCTION store.orient_sign(ax float8, ay float8, bx float8, by float8, cx float8, cy float8)
RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN (ax <> cx AND abs(ax - cx) < 1e-150) OR (by <> cy AND abs(by - cy) < 1e-150)
      OR (ay <> cy AND abs(ay - cy) < 1e-150) OR (bx <> cx AND abs(bx - cx) < 1e-150) THEN NULL
    WHEN (ax - cx) * (by - cy) > 0 AND (ay - cy) * (bx - cx) <= 0 THEN 1
    WHEN (ax - cx) * (by - cy) < 0 AND (ay - cy) * (bx - cx) >= 0 THEN -1
    WHEN (ax - cx) * (by - cy) = 0 THEN -sign((ay - cy) * (bx - cx))::int
    WHEN abs((ax - cx) * (by - cy) - (ay - cy) * (bx - cx))
         >= 3.3306690738754716e-16 * abs((ax - cx) * (by - cy) + (ay - cy) * (bx - cx))
      THEN sign((ax - cx) * (by - cy) - (ay - cy) * (bx - cx))::int
  END
$$;

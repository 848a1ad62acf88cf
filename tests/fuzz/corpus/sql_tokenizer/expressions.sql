SELECT "A""b", [c d], `e``f`, 'g''h', X'0aF', 0x1F, 1.5E-3, .5, ?, ?12, :n, @m, $p::q(x),
  a==b, a<>b, a||b, a->>'$.x', -(-1), NOT x IS NOT NULL, ~y /* c */ -- d

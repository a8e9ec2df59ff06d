"""The adversarial corpus of issue 10: rolefit run as an attacker or a careless user would.

`harness` runs the real CLI in a subprocess under a memory and a CPU limit and checks what any
run must satisfy (`test_harness` checks the harness); `corpus` lists the cases, one class of
the issue each, and `test_corpus` runs them; `test_quiz_sessions` adds the quiz cases that need
a terminal, `test_properties` generates input in process, and `benchmarks/adversarial.py`
times every case against the goals (under 1 s and 200 MB each).
"""

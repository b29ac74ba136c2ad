"""Reference values of the cosine learning-rate schedule for @heed/train's tests.

Run from packages/train:  python3 scripts/make_cosine_fixtures.py
Writes src/__fixtures__/cosine-schedule.json (plain Python, no dependencies).
"""

import json
import math
import os

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "__fixtures__")


# transformers.get_cosine_schedule_with_warmup's lambda (its source, verbatim).
def cosine_lambda(current_step, *, num_warmup_steps, num_training_steps, num_cycles=0.5):
    if current_step < num_warmup_steps:
        return float(current_step) / float(max(1, num_warmup_steps))
    progress = float(current_step - num_warmup_steps) / float(max(1, num_training_steps - num_warmup_steps))
    return max(0.0, 0.5 * (1.0 + math.cos(math.pi * float(num_cycles) * 2.0 * progress)))


cases = [
    {
        "step": s,
        "warmupSteps": 10,
        "totalSteps": 100,
        "lambda": cosine_lambda(s, num_warmup_steps=10, num_training_steps=100),
    }
    for s in [1, 5, 10, 11, 32, 55, 77, 99, 100]
]
with open(os.path.join(OUT, "cosine-schedule.json"), "w") as f:
    json.dump({"cosine": cases}, f, indent=1)
print("wrote cosine-schedule.json")

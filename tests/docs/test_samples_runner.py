"""The guide's sample runner itself: a breaking sample fails with its page and line, unmarked
blocks are not run, and shell variables reach the later blocks of the page in every language."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.docs.samples import run_page, samples

PAGE = """# A page

<!-- test -->
```bash
BOARD=$(echo "b-42")
export GREETING="hello world"
```

```bash
exit 3
```

<!-- test -->
```python
import os
print(os.environ["BOARD"], os.environ["GREETING"])
```

<!-- test -->
```javascript
console.log(process.env.BOARD);
```
"""


def test_variables_flow_between_blocks_and_unmarked_blocks_are_skipped(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    assert [s.marked for s in samples(page)] == [True, False, True, True]
    outputs = run_page(page, dict(os.environ), tmp_path)
    assert outputs[1:] == ["b-42 hello world\n", "b-42\n"]


def test_a_breaking_sample_fails_with_its_place(tmp_path: Path) -> None:
    page = tmp_path / "broken.md"
    page.write_text(
        PAGE.replace("exit 3", "true").replace('print(os.environ["BOARD"]', 'print(os.environ["NOPE"]')
    )
    with pytest.raises(AssertionError, match=r"broken.md line 14 \(python\) failed"):
        run_page(page, dict(os.environ), tmp_path)

"""Makes OR-Tools importable: when it is missing, installs it into .build/crosscheck-venv (git
ignored) from requirements.txt and runs the calling script again with that venv's Python."""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VENV = os.path.join(ROOT, ".build", "crosscheck-venv")
REQUIREMENTS = os.path.join(HERE, "requirements.txt")


def fail(message):
    print(f"crosscheck: {message}", file=sys.stderr)
    sys.exit(2)


def ensure_ortools():
    """Import OR-Tools, or install it into .build/crosscheck-venv and run the script again."""
    try:
        import ortools  # noqa: F401
        return
    except ImportError:
        pass
    venv_python = os.path.join(VENV, "bin", "python")
    if os.environ.get("CROSSCHECK_REEXEC") == "1":
        fail(f"OR-Tools is still missing in {VENV}; install it by hand:\n"
             f"  {venv_python} -m pip install -r {REQUIREMENTS}")
    if not os.path.exists(venv_python):
        print(f"crosscheck: OR-Tools is missing; creating {VENV}", file=sys.stderr)
        if subprocess.call([sys.executable, "-m", "venv", VENV]) != 0:
            fail("could not create a venv; install OR-Tools by hand:\n"
                 f"  python3 -m pip install -r {REQUIREMENTS}")
    probe = subprocess.call([venv_python, "-c", "import ortools"], stderr=subprocess.DEVNULL)
    if probe != 0:
        print(f"crosscheck: installing OR-Tools into {VENV} (pip install -r requirements.txt)",
              file=sys.stderr)
        if subprocess.call([venv_python, "-m", "pip", "install", "-q", "-r", REQUIREMENTS]) != 0:
            fail("pip could not install OR-Tools; install it by hand:\n"
                 f"  python3 -m pip install -r {REQUIREMENTS}")
    env = dict(os.environ, CROSSCHECK_REEXEC="1")
    os.execve(venv_python, [venv_python, os.path.abspath(sys.argv[0])] + sys.argv[1:], env)


# JupyterHub configuration for the kit's hub test and class-load benchmark (tests/hub/harness.py).
#
# FOR TESTS ONLY: a shared password and local processes run as the hub's own user. A school's hub
# uses its own authenticator and a container or system-user spawner (docs/jupyterhub.md).
# Everything comes from environment variables the harness sets, so nothing here is a fixed port
# or a path in $HOME: hub, proxy and every student's home live in one run folder.
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides it)

run = Path(os.environ["KIT_HUB_RUN_DIR"])
venv_bin = Path(os.environ["KIT_HUB_VENV_BIN"])
timeout = int(os.environ.get("KIT_HUB_SPAWN_TIMEOUT", "180"))  # 30 s made 29 of 30 spawns fail

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ["KIT_HUB_PORT"])
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["KIT_HUB_API_PORT"])
c.JupyterHub.db_url = f"sqlite:///{run / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(run / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(run / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True
c.JupyterHub.last_activity_interval = int(os.environ.get("KIT_HUB_ACTIVITY_INTERVAL", "10"))

c.ConfigurableHTTPProxy.command = [os.environ["KIT_HUB_CHP"]]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['KIT_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.pid_file = str(run / "proxy.pid")
c.ConfigurableHTTPProxy.auth_token = os.environ["KIT_PROXY_TOKEN"]

c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ["KIT_HUB_PASSWORD"]
c.Authenticator.allow_all = True

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(run / "homes" / "{username}")
c.Spawner.cmd = [str(venv_bin / "jupyterhub-singleuser")]
c.Spawner.args = [
    "--ServerApp.open_browser=False",
    "--LabApp.expose_app_in_browser=True",  # window.jupyterapp, for the browser test's "run all"
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
] + (["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = timeout
c.Spawner.http_timeout = timeout
# PYTHONPATH and KIT_*NETWORK*: the test session's network block (conftest.py) reaches the kernels too.
c.Spawner.env_keep = ["PATH", "PYTHONPATH", "LANG", "LC_ALL", "VIRTUAL_ENV", "KIT_ARTICLE",
                      "KIT_BLOCK_NETWORK", "KIT_NETWORK_LOG"]
c.Spawner.environment = {
    "JUPYTERHUB_ACTIVITY_INTERVAL": os.environ.get("KIT_HUB_ACTIVITY_INTERVAL", "10"),
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
}

# The harness drives the hub through this service; the culler stops idle servers.
c.JupyterHub.services = [
    {"name": "kit-harness", "api_token": os.environ["KIT_HUB_TOKEN"]},
    {
        "name": "idle-culler",
        "command": [
            sys.executable, "-m", "jupyterhub_idle_culler",
            f"--timeout={os.environ.get('KIT_HUB_CULL_TIMEOUT', '60')}",
            f"--cull-every={os.environ.get('KIT_HUB_CULL_EVERY', '10')}",
        ],
    },
]
c.JupyterHub.load_roles = [
    {"name": "kit-harness", "scopes": ["admin:users", "admin:servers", "read:hub", "tokens"],
     "services": ["kit-harness"]},
    {"name": "idle-culler",
     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
     "services": ["idle-culler"]},
]

import os
import socket

from celery import shared_task

from classroom.services import worker_heartbeat_record


@shared_task(name="classroom.worker_heartbeat")
def worker_heartbeat() -> None:
    worker_heartbeat_record(hostname=socket.gethostname(), pid=os.getpid())

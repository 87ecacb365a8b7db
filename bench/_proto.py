import time
from bench import local
st = local.start()
print("started")
t=time.perf_counter(); print(local.seed(0, 1000, "seed 1k")); 
print(local.seed(1000, 5000, "seed 5k"))
from chalicelib.core import aws
c = aws.client("dynamodb")
for t in c.list_tables()["TableNames"]:
    print(t, c.describe_table(TableName=t)["Table"]["ItemCount"])
from bench.workload import Targets, Driver, bare_models, operations, latency
from chalice.test import Client
from chalicelib.core.config import get_settings
s = get_settings()
tg = Targets.pick(1000); print(tg)
bg, bl = bare_models(s.table_name("societies"), s.region, s.aws_endpoint_url)
with Client(st.app, stage_name="local", project_dir=".") as cl:
    d = Driver(cl, tg, bg, bl)
    print(operations(d, st.counter))
    sm = latency(d.contenders(), 30, 5, 10)
    from bench.stats import summary
    for k,v in sm.items(): print(k, summary(v))
st.stop()

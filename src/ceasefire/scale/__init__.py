"""Scale: the distributed runner (Dask), record shards and the throughput benchmark.

``dask_runner`` needs ``dask[distributed]`` and ``shards`` needs ``pyarrow``;
nothing here is imported by a local run.
"""

// Refreshing a page's data while it is shown: one call at a time, stopped when the page is left.

/** Runs `refresh` now and then every `ms`; answers the function that stops it. */
export function every(ms, refresh) {
  let stopped = false;
  let timer;
  const tick = async () => {
    try {
      await refresh();
    } catch (error) {
      console.warn(error);
    } finally {
      if (!stopped) timer = setTimeout(tick, ms);
    }
  };
  tick();
  return () => { stopped = true; clearTimeout(timer); };
}

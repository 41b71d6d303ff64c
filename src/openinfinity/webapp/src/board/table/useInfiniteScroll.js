// Calls `onVisible` whenever the sentinel element scrolls into view (the next keyset page loads).
import { useEffect, useRef } from "../../lib/html.js";

export function useInfiniteScroll(onVisible, enabled) {
  const ref = useRef(null);
  const callback = useRef(onVisible);
  callback.current = onVisible;
  useEffect(() => {
    if (!enabled || !ref.current) return undefined;
    const observer = new IntersectionObserver(
      (entries) => entries.some((e) => e.isIntersecting) && callback.current(),
      { rootMargin: "600px 0px" },
    );
    observer.observe(ref.current);
    return () => observer.disconnect();
  }, [enabled]);
  return ref;
}

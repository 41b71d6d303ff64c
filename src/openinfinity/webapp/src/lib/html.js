// `html` is htm bound to Preact's h: components are tagged templates, no JSX and no transpiling.
// Hooks and render are re-exported so every module imports them from one place.
import { h, render, Fragment, createContext, Component } from "preact";
import htm from "htm";

export const html = htm.bind(h);
export { h, render, Fragment, createContext, Component };
export {
  useState,
  useEffect,
  useLayoutEffect,
  useMemo,
  useCallback,
  useRef,
  useContext,
  useReducer,
} from "preact/hooks";

// Worker-thread side of pool.ts: imports the named module (cached by the module
// system) and runs the named export on the cloned arguments.
import { parentPort } from "node:worker_threads";
import { runInline, type TaskMessage } from "./pool.ts";

parentPort!.on("message", async (msg: TaskMessage) => {
  try {
    const result = await runInline(msg.moduleUrl, msg.fn, msg.args);
    parentPort!.postMessage({ id: msg.id, result });
  } catch (err) {
    const text = err instanceof Error ? `${err.message}\n${err.stack ?? ""}` : String(err);
    parentPort!.postMessage({ id: msg.id, error: text });
  }
});

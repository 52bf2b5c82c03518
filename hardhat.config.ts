// Hardhat 3 configuration. The compiler is the pinned `solc` npm package (soljson.js),
// because Hardhat's own compiler download does not work offline.
import { createRequire } from "node:module";
import path from "node:path";
import { defineConfig } from "hardhat/config";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { zkvmTasks } from "./wrapper/hardhat/tasks.ts";

const require = createRequire(import.meta.url);
const soljson = path.join(path.dirname(require.resolve("solc")), "soljson.js");

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  tasks: zkvmTasks,
  solidity: {
    version: "0.8.28",
    path: soljson,
    settings: { optimizer: { enabled: true, runs: 200 } },
  },
  paths: { tests: { mocha: "test/hardhat", solidity: "contracts/test" } },
});

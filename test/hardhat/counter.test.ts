import { expect } from "chai";
import { network } from "hardhat";

describe("in-process Hardhat chain", () => {
  it("deploys Counter and counts", async () => {
    const { ethers } = await network.create();
    const counter = await ethers.deployContract("Counter");
    await counter.inc(7n);
    expect(await counter.count()).to.equal(7n);
  });

  it("reverts inc(0) with its reason", async () => {
    const { ethers } = await network.create();
    const counter = await ethers.deployContract("Counter");
    await expect(counter.inc(0n)).to.be.revertedWith("by must be positive");
  });
});

console.log("start: not built yet")

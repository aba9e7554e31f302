const script = document.currentScript as HTMLScriptElement | null;
if (script) console.info(new URL('widget.html', script.src).href);

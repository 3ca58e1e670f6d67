#!/usr/bin/env node
console.log('goldenpath');
